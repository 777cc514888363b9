import { describe, expect, it } from 'vitest';
import { credentialTypeOfScope, DEFAULT_SCOPE_ALIASES } from './credential-scope.js';

describe('DCP scopes', () => {
  it('should read the three-part DCP scope, the two-part form and the Tractus-X alias', () => {
    expect(credentialTypeOfScope('org.eclipse.dspace.dcp.vc.type:MembershipCredential:read', DEFAULT_SCOPE_ALIASES)).toBe('MembershipCredential');
    expect(credentialTypeOfScope('org.eclipse.dspace.dcp.vc.type:MembershipCredential', DEFAULT_SCOPE_ALIASES)).toBe('MembershipCredential');
    expect(credentialTypeOfScope('org.eclipse.tractusx.vc.type:BpnCredential:read', DEFAULT_SCOPE_ALIASES)).toBe('BpnCredential');
  });

  it('should read a configured alias and only configured ones', () => {
    expect(credentialTypeOfScope('org.eclipse.edc.vc.type:MembershipCredential:read', DEFAULT_SCOPE_ALIASES)).toBeUndefined();
    expect(credentialTypeOfScope('org.eclipse.edc.vc.type:MembershipCredential:read', ['org.eclipse.edc.vc.type'])).toBe('MembershipCredential');
  });

  it('should refuse other operations, empty or odd types and non-strings', () => {
    for (const scope of [
      'org.eclipse.dspace.dcp.vc.type:MembershipCredential:write',
      'org.eclipse.dspace.dcp.vc.type:',
      'org.eclipse.dspace.dcp.vc.type::read',
      'org.eclipse.dspace.dcp.vc.type:a b',
      'presentation1',
      42,
    ]) {
      expect(credentialTypeOfScope(scope, DEFAULT_SCOPE_ALIASES)).toBeUndefined();
    }
  });
});
