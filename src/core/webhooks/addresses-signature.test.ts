// What a webhook may be sent to, and the signature receivers check (see docs/webhooks.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRefusedAddress, literalAddress } from './addresses.ts';
import { signatureHeader, verifySignature } from './signature.ts';

test('private, loopback, link-local, shared, multicast and reserved addresses are refused, in both families', () => {
  const refused = [
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'febf::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    'fe80::1%eth0',
    'not an address',
  ];
  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '2002:0808:0808::1',
  ];
  for (const a of refused) assert.equal(isRefusedAddress(a), true, a);
  for (const a of allowed) assert.equal(isRefusedAddress(a), false, a);
});

test('a URL host is an address when it spells one, brackets and all', () => {
  assert.equal(literalAddress('127.0.0.1'), '127.0.0.1');
  assert.equal(literalAddress('[::1]'), '::1');
  assert.equal(literalAddress('localhost'), null);
  assert.equal(literalAddress('hooks.example.org'), null);
});

test('a signature verifies with each secret it was made with, for its body and time only', () => {
  const body = '{"id":"e1","type":"comment.created"}';
  const header = signatureHeader(['whsec_new', 'whsec_old'], 1_800_000_000, body);
  assert.match(header, /^t=1800000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
  assert.equal(verifySignature(header, body, 'whsec_new', 1_800_000_010), true);
  assert.equal(verifySignature(header, body, 'whsec_old', 1_800_000_010), true);
  assert.equal(verifySignature(header, body, 'whsec_other', 1_800_000_010), false);
  assert.equal(verifySignature(header, `${body} `, 'whsec_new', 1_800_000_010), false);
  assert.equal(verifySignature(header, body, 'whsec_new', 1_800_000_400), false);
  assert.equal(verifySignature('v1=abc', body, 'whsec_new', 1_800_000_000), false);
});
