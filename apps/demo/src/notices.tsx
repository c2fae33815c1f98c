import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export interface Notice {
  readonly id: number;
  readonly text: string;
}

interface Notices {
  readonly list: readonly Notice[];
  add(text: string): void;
  dismiss(id: number): void;
}

const NoticesContext = createContext<Notices>({ list: [], add: () => {}, dismiss: () => {} });
let nextId = 1;

export function NoticesProvider({ children }: { children: ReactNode }): ReactNode {
  const [list, setList] = useState<readonly Notice[]>([]);
  const add = useCallback(
    (text: string) => setList((previous) => [...previous.filter((n) => n.text !== text), { id: nextId++, text }].slice(-4)),
    [],
  );
  const dismiss = useCallback((id: number) => setList((previous) => previous.filter((n) => n.id !== id)), []);
  const value = useMemo(() => ({ list, add, dismiss }), [list, add, dismiss]);
  return <NoticesContext.Provider value={value}>{children}</NoticesContext.Provider>;
}

export const useNotices = (): Notices => useContext(NoticesContext);

/** The failures a person should read, each announced once (`role="alert"`) and dismissible. */
export function NoticeList(): ReactNode {
  const { list, dismiss } = useNotices();
  if (list.length === 0) return null;
  return (
    <div className="demo-notices">
      {list.map((notice) => (
        <div key={notice.id} className="demo-notice" role="alert" data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="demo-link-button" onClick={() => dismiss(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
