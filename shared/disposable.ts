// One way to let go of what was started (a process, a listener, a timer):
// everything that must be undone hands back a Disposable, and owners keep
// theirs in a DisposableStore that undoes them all, newest first, once.

export interface Disposable {
  dispose(): void;
}

export function toDisposable(undo: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      undo();
    },
  };
}

export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  /** Keeps `item` to dispose later; disposes it at once when the store is already disposed. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.items.splice(0).reverse()) item.dispose();
  }
}

/** Holds at most one disposable: setting another disposes the one held first (a timer set again, as VS Code's MutableDisposable). */
export class DisposableSlot implements Disposable {
  private held: Disposable | undefined;

  set(item: Disposable | undefined): void {
    this.held?.dispose();
    this.held = item;
  }

  clear(): void {
    this.set(undefined);
  }

  dispose(): void {
    this.clear();
  }
}
