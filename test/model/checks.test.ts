import { Duration } from 'cdk8s';
import { Reporter } from '../../src/errors';
import { imageReference, isDnsLabel, isGrpcMethodName, isGrpcServiceName, labelKey, labelValue, millis, seconds } from '../../src/model/checks';
import { errorOf } from '../support/service';

const r = new Reporter('test/svc');
const fails = (fn: () => unknown) => errorOf(fn).startsWith('test/svc: invalid ');

describe('the shared checks', () => {
  test.each([
    'app', 'app.kubernetes.io/name', 'example.com/a_b-c.d', 'a'.repeat(63), `${'a'.repeat(253)}/x`,
  ])('label key %s is accepted', (key) => {
    expect(labelKey(r, 'k', key)).toBe(key);
  });

  test.each([
    '', 'bad key', '-app', 'app-', 'a'.repeat(64), 'example.com/', '/name', 'Example.com/name', `${'a'.repeat(254)}/x`, 'a/b/c',
  ])('label key %j is rejected', (key) => {
    expect(fails(() => labelKey(r, 'k', key))).toBe(true);
  });

  test('label values may be empty, never longer than 63 or with spaces', () => {
    expect(labelValue(r, 'v', '')).toBe('');
    expect(labelValue(r, 'v', 'v1.2_a-b')).toBe('v1.2_a-b');
    for (const bad of ['a b', 'a'.repeat(64), '-a', 7]) expect(fails(() => labelValue(r, 'v', bad))).toBe(true);
  });

  test('image references without whitespace or control characters', () => {
    expect(imageReference(r, 'image', 'registry:5000/app@sha256:abc')).toBe('registry:5000/app@sha256:abc');
    for (const bad of ['', ' ', 'app :v1', 'app\t', 'app\nv1', 'app\u0000']) expect(fails(() => imageReference(r, 'image', bad))).toBe(true);
  });

  test('gRPC names follow Gateway API, at most 1024 characters', () => {
    expect(isGrpcServiceName(`p.${'S'.repeat(1022)}`)).toBe(true);
    expect(isGrpcServiceName(`p.${'S'.repeat(1023)}`)).toBe(false);
    expect(isGrpcMethodName('M'.repeat(1024))).toBe(true);
    expect(isGrpcMethodName('M'.repeat(1025))).toBe(false);
    expect(isGrpcServiceName('pkg-svc')).toBe(false);
  });

  test('DNS labels: 63 characters at most', () => {
    expect(isDnsLabel('a'.repeat(63))).toBe(true);
    expect(isDnsLabel('a'.repeat(64))).toBe(false);
  });

  test('durations: whole milliseconds; whole seconds within int32', () => {
    expect(millis(r, 'd', Duration.seconds(2))).toBe(2000);
    expect(seconds(r, 'd', Duration.seconds(2 ** 31 - 1), 0)).toBe(2 ** 31 - 1);
    expect(fails(() => seconds(r, 'd', Duration.seconds(2 ** 31), 0))).toBe(true);
    expect(fails(() => millis(r, 'd', 5 as unknown))).toBe(true);
  });
});
