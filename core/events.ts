/** A small typed event bus: listeners run after the emitter's commit; a failing listener never breaks the emitter. */
export interface EventBus<M extends object> {
  emit<K extends keyof M>(type: K, payload: M[K]): void;
  on<K extends keyof M>(type: K, listener: (payload: M[K]) => void | Promise<void>): () => void;
}

export function createEventBus<M extends object>(onListenerError: (error: unknown) => void = () => undefined): EventBus<M> {
  const listeners = new Map<keyof M, Set<(payload: never) => void | Promise<void>>>();
  return {
    emit(type, payload) {
      for (const listener of listeners.get(type) ?? []) {
        try {
          const result = (listener as (p: typeof payload) => void | Promise<void>)(payload);
          if (result instanceof Promise) result.catch(onListenerError);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    on(type, listener) {
      const set = listeners.get(type) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(type, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
