import { gatewayDuration } from '../../src/gateway-api/durations';

describe('gatewayDuration', () => {
  test.each([
    [1, '1ms'], [999, '999ms'], [1000, '1s'], [1500, '1s500ms'], [60_000, '1m'], [90_000, '1m30s'],
    [3_600_000, '1h'], [3_661_001, '1h1m1s1ms'],
  ])('%i ms is %s', (ms, text) => {
    expect(gatewayDuration(ms)).toBe(text);
    expect(text).toMatch(/^([0-9]{1,5}(h|m|s|ms)){1,4}$/);
  });
});
