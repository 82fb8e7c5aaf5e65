/**
 * The base of the project's own errors: each says what went wrong in its message, keeps what caused
 * it (`cause`), and carries its own `name`, which logs and failure records show.
 */
export class LoyaltyError extends Error {
  override name = 'LoyaltyError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
