// Live: the log as it is written, over SSE, filtered by category and type. It starts a little
// before the head so the page is never empty, and keeps the newest events on screen.
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api.js';
import { Section } from '../bits.js';
import { moment } from '../format.js';
import { useI18n } from '../i18n.js';
import { follow } from '../sse.js';
import { useJson } from '../use-json.js';

const CATEGORIES = ['account', 'agreement', 'supply'];
const KEPT = 200;
const BACKLOG = 50n;

interface CloudEvent {
  readonly id: string;
  readonly type: string;
  readonly subject?: string;
  readonly time: string;
  readonly position: string;
  readonly actor?: string;
}

/** Where to start: BACKLOG events before the head, when the caller may read the projections' head. */
const startPosition = async (): Promise<string | undefined> => {
  try {
    const status = await getJson<{ projections: readonly { head: string }[] }>('/projections');
    const head = BigInt(status.projections[0]?.head ?? '0');
    return head > BACKLOG ? String(head - BACKLOG) : undefined;
  } catch {
    return undefined;
  }
};

export const LivePage = () => {
  const { t, code, lang } = useI18n();
  const [category, setCategory] = useState('');
  const [type, setType] = useState('');
  const [events, setEvents] = useState<readonly CloudEvent[]>([]);
  const [state, setState] = useState<'connecting' | 'open' | 'closed'>('connecting');
  const schemas = useJson<{ items: readonly { type: string }[] }>('/schemas');
  const types = schemas.state === 'loaded' ? schemas.value.items.map((item) => item.type) : [];

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    setEvents([]);
    setState('connecting');
    void startPosition().then((from) => {
      if (cancelled) return;
      stop = follow(
        '/subscriptions/events',
        { category: category || undefined, type: type || undefined, from },
        {
          onState: setState,
          onMessage: (message) => {
            try {
              const event = JSON.parse(message.data) as CloudEvent;
              setEvents((shown) => [event, ...shown].slice(0, KEPT));
            } catch {
              // A message that is not a CloudEvent (none are sent today) is not shown.
            }
          },
        },
      );
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [category, type]);

  return (
    <>
      <h1>{t('liveTitle')}</h1>
      <Section id="live-feed" title={t('liveTitle')}>
        <fieldset class="filters">
          <legend>{t('filters')}</legend>
          <label>
            {t('category')}
            <select
              value={category}
              onChange={(event) => setCategory((event.target as HTMLSelectElement).value)}
            >
              <option value="">{t('all')}</option>
              {CATEGORIES.map((each) => (
                <option key={each} value={each}>
                  {code(each)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('type')}
            <select value={type} onChange={(event) => setType((event.target as HTMLSelectElement).value)}>
              <option value="">{t('all')}</option>
              {types.map((each) => (
                <option key={each} value={each}>
                  {each}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        <p class={`badge ${state === 'open' ? 'ok' : ''}`} role="status">
          {state === 'open' ? t('connected') : state === 'connecting' ? t('connecting') : t('disconnected')}
        </p>
        <div class="table-scroll">
          <table>
            <caption>{t('liveTitle')}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t('position')}
                </th>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('type')}</th>
                <th scope="col">{t('subject')}</th>
                <th scope="col">{t('who')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td class="num">{event.position}</td>
                  <td>{moment(lang, event.time)}</td>
                  <td>{event.type.replace(/^kare\.\w+\./, '')}</td>
                  <td>{event.subject ?? '–'}</td>
                  <td>{event.actor ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
};
