// One way to clean up: a class extends `Disposable`, hands each subscription, emitter or child to
// `register()` as it creates it, and its `dispose()` releases them all in reverse order. Pure
// TypeScript so common code can use it; a `vscode.Disposable` satisfies `Disposal` structurally.

/** Anything that releases resources when told to. */
export interface Disposal {
  dispose(): void;
}

export abstract class Disposable implements Disposal {
  private readonly registered: Disposal[] = [];
  private disposed = false;

  /** True once `dispose()` ran; later `register()` calls dispose their argument at once. */
  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Ties `disposal` to this object's lifetime and returns it, so it can be registered where it is created. */
  protected register<T extends Disposal>(disposal: T): T {
    if (this.disposed) {
      disposal.dispose();
    } else {
      this.registered.push(disposal);
    }
    return disposal;
  }

  /**
   * Releases everything registered, newest first (a child goes before what it was built on).
   * One failing disposal does not keep the others alive; the first error is rethrown at the end.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.registered.splice(0).reverse());
  }
}

/** Disposes every item, even when some throw; rethrows the first error afterwards. */
export function disposeAll(disposals: Iterable<Disposal>): void {
  let firstError: unknown;
  let failed = false;
  for (const disposal of disposals) {
    try {
      disposal.dispose();
    } catch (error) {
      if (!failed) firstError = error;
      failed = true;
    }
  }
  if (failed) throw firstError;
}

/** A disposal that runs `release` once. */
export function toDisposal(release: () => void): Disposal {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      release();
    },
  };
}
