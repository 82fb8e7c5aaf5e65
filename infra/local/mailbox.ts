/** One email as the SES emulator stored it. */
export interface StoredEmail {
  messageId: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  /** Epoch seconds (real time) when the emulator received it. */
  at: number;
}

/** Every email the SES emulator holds (`GET /store`). */
export async function readMailbox(sesEndpoint: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  if (!response.ok) throw new Error(`SES emulator store answered ${response.status}`);
  const { emails } = (await response.json()) as {
    emails: { messageId: string; destination: { to: string[] }; subject: string; body: { html?: string; text?: string }; at: number }[];
  };
  return emails.map((e) => ({ messageId: e.messageId, to: e.destination.to, subject: e.subject, html: e.body.html, text: e.body.text, at: e.at }));
}
