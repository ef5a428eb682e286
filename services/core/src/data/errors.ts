// Errors about user data: each names the file or node it concerns.

/** A data file or partition that cannot be used; `where` is a file path or a node. */
export class DataError extends Error {
  override name = 'DataError';

  constructor(
    readonly where: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${where}: ${problem}`, options);
  }
}
