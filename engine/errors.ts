/** Bad input from the user (unknown protocol, bad param, malformed trace): exit code 2, no stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
