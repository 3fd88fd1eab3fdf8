/**
 * What /serviceValidate answers (CAS 3.0 §2.5–2.6, Appendix A's schema), in XML or, with `format=JSON`,
 * in the JSON form Apereo CAS writes (UNCONFIRMED beyond Apereo's own output: the spec names the format,
 * not its shape; each attribute is a list, as Apereo writes multi-valued and single-valued alike).
 */

/** CAS 3.0 §2.5.3's failure codes Portico answers with (no proxy tickets: no proxy codes). */
export type CasFailureCode = 'INVALID_REQUEST' | 'INVALID_TICKET_SPEC' | 'INVALID_TICKET' | 'INVALID_SERVICE' | 'INTERNAL_ERROR';

export type CasAttributes = Record<string, string | boolean>;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export interface CasAnswer {
  body: string;
  contentType: string;
}

export function successAnswer(format: 'XML' | 'JSON', user: string, attributes?: CasAttributes): CasAnswer {
  if (format === 'JSON') {
    const success = { user, ...(attributes ? { attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, [v]])) } : {}) };
    return { body: JSON.stringify({ serviceResponse: { authenticationSuccess: success } }), contentType: 'application/json; charset=utf-8' };
  }
  const attrs = attributes
    ? `\n    <cas:attributes>\n${Object.entries(attributes).map(([k, v]) => `      <cas:${k}>${escapeXml(String(v))}</cas:${k}>`).join('\n')}\n    </cas:attributes>`
    : '';
  return {
    body: `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">\n  <cas:authenticationSuccess>\n    <cas:user>${escapeXml(user)}</cas:user>${attrs}\n  </cas:authenticationSuccess>\n</cas:serviceResponse>\n`,
    contentType: 'application/xml; charset=utf-8',
  };
}

export function failureAnswer(format: 'XML' | 'JSON', code: CasFailureCode, description: string): CasAnswer {
  if (format === 'JSON') return { body: JSON.stringify({ serviceResponse: { authenticationFailure: { code, description } } }), contentType: 'application/json; charset=utf-8' };
  return {
    body: `<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">\n  <cas:authenticationFailure code="${code}">${escapeXml(description)}</cas:authenticationFailure>\n</cas:serviceResponse>\n`,
    contentType: 'application/xml; charset=utf-8',
  };
}
