// How every `parley` command stops on a problem the user can fix: one line naming it, no stack.

/** Writes `parley: <message>` to stderr and exits (2: a usage problem; 1: the command failed). */
export function fail(message: string, status = 2): never {
  process.stderr.write(`parley: ${message}\n`);
  process.exit(status);
}
