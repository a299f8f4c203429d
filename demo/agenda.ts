// What the demo does when: tasks in hourly slots. In a slot, the lanes (one per account) run
// concurrently, so the store commits their commands in groups, while each lane runs its tasks
// one after the other in time order, so an account's streams always get the same order. Then
// the slot's exclusive tasks (month end, a shortage, a process manager) run alone.
import { atTime } from './demo-calendar.js';
import type { SimulatedClock } from './simulated-clock.js';

export type Task = () => Promise<void>;

interface Timed {
  readonly at: string;
  readonly order: number;
  readonly task: Task;
}

interface Slot {
  readonly lanes: Map<string, Timed[]>;
  readonly exclusive: Timed[];
}

/** `YYYY-MM-DDTHH`: the hour a timestamp falls in. */
const slotOf = (at: string): string => at.slice(0, 13);

const byTime = (a: Timed, b: Timed): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order);

export class Agenda {
  private readonly slots = new Map<string, Slot>();
  private order = 0;

  constructor(private readonly clock: SimulatedClock) {}

  /** The hour being run: nothing may be planned before it (it would silently never run). */
  private running = '';

  private slot(at: string): Slot {
    const key = slotOf(at);
    if (key < this.running) throw new Error(`Planned for ${at}, before the hour being run (${this.running})`);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { lanes: new Map(), exclusive: [] };
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** A task of one lane (an account) at `at`. */
  add(at: string, lane: string, task: Task): void {
    const lanes = this.slot(at).lanes;
    const queue = lanes.get(lane) ?? [];
    queue.push({ at, order: (this.order += 1), task });
    lanes.set(lane, queue);
  }

  /** A task that runs alone, after the lanes of its hour. */
  addExclusive(at: string, task: Task): void {
    this.slot(at).exclusive.push({ at, order: (this.order += 1), task });
  }

  /**
   * Runs the day's slots hour by hour; tasks added for a later hour of the same day while it
   * runs are run too. The clock shows the end of each hour: recorded just after it happened.
   */
  async runDay(date: string): Promise<void> {
    for (let hour = 0; hour < 24; hour += 1) {
      const key = `${date}T${String(hour).padStart(2, '0')}`;
      this.running = key;
      const slot = this.slots.get(key);
      if (slot === undefined) continue;
      this.clock.set(atTime(date, hour, 59));
      // Drain: a lane task may add work to its own slot (rare) — run until the slot is empty.
      while (slot.lanes.size > 0 || slot.exclusive.length > 0) {
        const lanes = [...slot.lanes.values()];
        slot.lanes.clear();
        await Promise.all(
          lanes.map(async (queue) => {
            for (const timed of queue.sort(byTime)) await timed.task();
          }),
        );
        const exclusive = slot.exclusive.splice(0).sort(byTime);
        for (const timed of exclusive) await timed.task();
      }
      this.slots.delete(key);
    }
  }

  /** How many tasks are planned after the last day run: the future, never written. */
  pending(): number {
    let count = 0;
    for (const slot of this.slots.values()) {
      for (const queue of slot.lanes.values()) count += queue.length;
      count += slot.exclusive.length;
    }
    return count;
  }
}
