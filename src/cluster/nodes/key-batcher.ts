// Coalesces keys added within one event-loop turn and handles each once on the next (setImmediate):
// the kubelet's and the scheduler's work queues. A handler that throws is reported, never fatal.
export class KeyBatcher {
  readonly #pending = new Set<string>();
  #scheduled = false;

  constructor(
    private readonly handle: (key: string) => void,
    private readonly onError: (err: unknown, key: string) => void,
  ) {}

  add(key: string): void {
    this.#pending.add(key);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const keys = [...this.#pending];
    this.#pending.clear();
    for (const key of keys) {
      try {
        this.handle(key);
      } catch (err) {
        this.onError(err, key);
      }
    }
  }
}
