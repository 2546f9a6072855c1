/**
 * Errors the CLI reports as one line and exit code 2: bad usage, or input it
 * cannot use. Anything else is a bug, reported as such (never a stack trace
 * unless MESH_ADVISOR_DEBUG is set).
 */
export class UsageError extends Error {
  readonly exitCode = 2;
}

export class InputError extends Error {
  readonly exitCode = 2;
  /** Several problems found at once (every bad document of every file). */
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}
