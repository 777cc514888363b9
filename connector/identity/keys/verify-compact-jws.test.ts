import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signEd25519Jws } from './ed25519-jws.js';
import { verifyCompactJws } from './verify-compact-jws.js';

const ed = generateKeyPairSync('ed25519');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('compact JWS verified with node:crypto', () => {
  it('verifies what a JOSE library signs, EdDSA and ES256, and hands back header and payload', async () => {
    const eddsa = await new SignJWT({ n: 1 }).setProtectedHeader({ alg: 'EdDSA', kid: 'k' }).sign(ed.privateKey);
    expect(verifyCompactJws(eddsa, ed.publicKey, 'EdDSA')).toEqual({ ok: true, header: { alg: 'EdDSA', kid: 'k' }, payload: { n: 1 } });
    const es256 = await new SignJWT({ n: 2 }).setProtectedHeader({ alg: 'ES256' }).sign(p256.privateKey);
    expect(verifyCompactJws(es256, p256.publicKey, 'ES256')).toMatchObject({ ok: true, payload: { n: 2 } });
  });

  it('refuses another key, a key of another type, a changed payload and a truncated signature', () => {
    const jws = signEd25519Jws({ alg: 'EdDSA' }, { n: 1 }, ed.privateKey);
    expect(verifyCompactJws(jws, generateKeyPairSync('ed25519').publicKey, 'EdDSA')).toEqual({ ok: false, reason: 'signature invalid' });
    expect(verifyCompactJws(jws, p256.publicKey, 'EdDSA')).toEqual({ ok: false, reason: 'signature invalid' });
    const [h, , s] = jws.split('.') as [string, string, string];
    expect(verifyCompactJws(`${h}.${b64({ n: 2 })}.${s}`, ed.publicKey, 'EdDSA')).toEqual({ ok: false, reason: 'signature invalid' });
    expect(verifyCompactJws(`${jws.slice(0, -4)}`, ed.publicKey, 'EdDSA')).toEqual({ ok: false, reason: 'signature invalid' });
  });

  it('refuses a header naming another algorithm than the key signs with (none, HS256, ES256 on an Ed25519 key)', () => {
    for (const alg of ['none', 'HS256', 'ES256']) {
      const jws = `${b64({ alg })}.${b64({ n: 1 })}.${'A'.repeat(86)}`;
      expect(verifyCompactJws(jws, ed.publicKey, 'EdDSA')).toEqual({ ok: false, reason: 'unsupported algorithm', detail: alg });
    }
    expect(verifyCompactJws(`${b64({ alg: 'none' })}.${b64({ n: 1 })}.`, ed.publicKey, 'EdDSA')).toEqual({ ok: false, reason: 'unsupported algorithm', detail: 'none' });
  });

  it('refuses what is not a compact JWS of two JSON objects, and critical extensions it would have to understand', () => {
    expect(verifyCompactJws('a.b', ed.publicKey, 'EdDSA')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyCompactJws('a.b.c.d', ed.publicKey, 'EdDSA')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyCompactJws(`${b64({ alg: 'EdDSA' })}..${'A'.repeat(86)}`, ed.publicKey, 'EdDSA')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyCompactJws(`${b64({ alg: 'EdDSA' })}.${b64([1])}.${'A'.repeat(86)}`, ed.publicKey, 'EdDSA')).toMatchObject({ ok: false, reason: 'malformed' });
    const crit = signEd25519Jws({ alg: 'EdDSA', crit: ['exp'], exp: 1 }, {}, ed.privateKey);
    expect(verifyCompactJws(crit, ed.publicKey, 'EdDSA')).toMatchObject({ ok: false, reason: 'malformed', detail: 'crit and b64 are not supported' });
  });
});
