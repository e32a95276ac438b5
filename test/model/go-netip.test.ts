import { parseAddr, parsePrefix } from '../../src/model/go-netip';

describe("Go's net/netip (how Kubernetes checks CIDRs)", () => {
  test.each(['127.0.0.1', '2001:DB8:0:0:1:0:0:1', '1:0:0:2:0:0:0:3', '::', '::1', '1::', '::1.2.3.4', 'fe80::1%eth0'])(
    'parseAddr(%j) parses',
    (input) => expect(() => parseAddr(input)).not.toThrow(),
  );

  test.each([
    ['127.0.0.256', 'IPv4 field has value >255'],
    ['01.2.3.4', 'IPv4 field has octet with leading zero'],
    ['1.2.3', 'IPv4 address too short'],
    ['1.2.3.4.5', 'IPv4 address too long'],
    [':::1', 'each colon-separated field must have at least one digit'],
    ['1::2::3', 'multiple :: in address'],
    ['12345::', 'at most 4 hex digits'],
    ['1:2:3:4:5:6:7', 'address string too short'],
    ['1:2:3:4:5:6:7:8::', 'the :: must expand to at least one field of zeros'],
    ['fe80::1%', 'zone must be a non-empty string'],
    ['example.com', 'unexpected character'],
    ['localhost', 'unable to parse IP'],
  ])('parseAddr(%j) fails: %s', (input, message) => {
    expect(() => parseAddr(input)).toThrow(message);
  });

  test('parsePrefix: an address, a slash and a prefix length in range', () => {
    expect(parsePrefix('192.168.0.1/24').bits).toBe(24);
    expect(parsePrefix('fd00::/8').bits).toBe(8);
    expect(() => parsePrefix('1.2.3.4')).toThrow("no '/'");
    expect(() => parsePrefix('1.2.3.4/08')).toThrow('bad bits after slash: "08"');
    expect(() => parsePrefix('1.2.3.4/33')).toThrow('prefix length out of range');
    expect(() => parsePrefix('fe80::1%eth0/64')).toThrow('IPv6 zones cannot be present in a prefix');
  });
});
