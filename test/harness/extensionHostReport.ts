// The JSON report the extension-host test runner writes and the vitest driver reads.

export interface ExtensionHostTestResult {
  title: string;
  /** Suite titles and test title joined, as mocha prints them. */
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  /** Stack or message of the failure. */
  error?: string;
}

export interface ExtensionHostReport {
  startedAt: string;
  finishedAt: string;
  tests: ExtensionHostTestResult[];
  /** Set when the suites could not be loaded or mocha itself failed. */
  fatal?: string;
}
