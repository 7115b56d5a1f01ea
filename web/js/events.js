// App-wide events, also heard by the app's other tabs (BroadcastChannel).

const bus = new EventTarget();
const channel = "BroadcastChannel" in self ? new BroadcastChannel("mystery") : null;

if (channel) {
  channel.onmessage = (event) => {
    const { type, detail } = event.data || {};
    if (type) bus.dispatchEvent(new CustomEvent(type, { detail: { ...detail, remote: true } }));
  };
}

/** Tell this tab and the others that something changed: "outbox", "draft", "visits", "session". */
export function emit(type, detail = {}) {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
  channel?.postMessage({ type, detail });
}

/** Listen to an event; returns the function that stops listening. */
export function on(type, listener) {
  const handler = (event) => listener(event.detail || {});
  bus.addEventListener(type, handler);
  return () => bus.removeEventListener(type, handler);
}
