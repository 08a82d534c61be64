// A minimal server-sent-events reader for tests: collects `event:`/`data:`/`id:` records from a streaming response.
export interface SseEvent {
  id?: string;
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: event data is JSON.
  data: any;
}

export interface SseStream {
  events: SseEvent[];
  waitFor(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`SSE ${url}: ${response.status}`);
  const events: SseEvent[] = [];
  const wakers = new Set<() => void>();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const record: Partial<SseEvent> & { dataText?: string } = {};
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(': ');
            const value = rest.join(': ');
            if (field === 'event') record.event = value;
            if (field === 'id') record.id = value;
            if (field === 'data') record.dataText = value;
          }
          if (record.event && record.dataText !== undefined) {
            events.push({
              ...(record.id ? { id: record.id } : {}),
              event: record.event,
              data: JSON.parse(record.dataText),
            });
            for (const wake of wakers) wake();
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    events,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            clearTimeout(timer);
            wakers.delete(check);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          wakers.delete(check);
          reject(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`));
        }, timeoutMs);
        wakers.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
