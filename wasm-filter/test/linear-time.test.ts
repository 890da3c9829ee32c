// Linear time: the classic catastrophic-backtracking patterns and inputs. A backtracking
// engine takes exponential (or quadratic) time here; the DFA's time per byte stays flat.
// Ratios, not absolute times, so a busy machine does not fail it; the bench prints ns/byte.
import t from 'tap';
import { chat, load } from './helpers.js';

t.test('catastrophic-backtracking inputs scan in time proportional to their length', async (t) => {
  const host = await load({
    config: {
      limits: { max_body_bytes: 8 * 1024 * 1024 },
      custom_rules: [
        { id: 'filter.custom.redos_nested', kind: 'regex', patterns: ['(a+)+b'], action: 'flag' },
        { id: 'filter.custom.redos_alt', kind: 'regex', patterns: ['(a|aa)*c', '(a|a)*d'], action: 'flag' },
        { id: 'filter.custom.redos_star', kind: 'regex', patterns: ['(.*a){10}x'], action: 'flag' },
        { id: 'filter.custom.redos_email', kind: 'regex', patterns: ['([a-z0-9]+)*@'], action: 'flag' },
      ],
    },
  });
  t.equal(host.configured, true);
  const timeFor = (n: number): number => {
    const body = JSON.stringify(chat('a'.repeat(n) + '!'));
    host.exchange({ body }); // warm
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      host.exchange({ body });
      best = Math.min(best, Number(process.hrtime.bigint() - t0));
    }
    return best / n;
  };
  const small = timeFor(128 * 1024);
  const large = timeFor(2 * 1024 * 1024);
  t.ok(large < small * 3, `ns/byte flat: ${small.toFixed(1)} at 128 KiB, ${large.toFixed(1)} at 2 MiB`);
  const ex = host.exchange({ body: chat('aaaaaaaaaab') });
  t.match(ex.upstream!.headers.get('x-aegis-findings'), /filter\.custom\.redos_nested:flag:1/, 'and they still match');
});
