/** A set of client order ids that keeps the latest `max` (the oldest forgotten first). */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly max = 100_000) {}

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value as string);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  delete(id: string): boolean {
    return this.ids.delete(id);
  }
}
