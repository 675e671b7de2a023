/** What `call` throws, or undefined when it returns: for asserting on an error's fields. */
export function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}
