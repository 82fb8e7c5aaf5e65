import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/**
 * Awaits a conditional write: its output, or undefined when its condition did not hold (another
 * writer got there first, an expected outcome rather than an error). Other errors propagate.
 */
export async function ifConditionHolds<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Awaits a conditional write: true when it was written, false when its condition did not hold. */
export const conditionHeld = async (write: Promise<unknown>): Promise<boolean> => (await ifConditionHolds(write)) !== undefined;
