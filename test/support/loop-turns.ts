// How many turns the event loop took while some work ran: work that yields between chunks lets
// the loop turn (a request or a timer would run there); work that never yields gives 0.
export const loopTurnsDuring = async <T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> => {
  let turns = 0;
  let done = false;
  const tick = (): void => {
    turns += 1;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const result = await work();
    return { result, turns };
  } finally {
    done = true;
  }
};
