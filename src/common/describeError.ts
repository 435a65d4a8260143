// Errors arrive as `unknown` (anything can be thrown); logs and messages need one readable line.

/** The message of an `Error`, or the thrown value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
