/**
 * A small browser for integration tests: a cookie jar, forms, redirects followed one at a time so
 * each hop can be asserted. Real HTTP over fetch; nothing is mocked.
 */
export interface Page {
  status: number;
  url: string;
  location?: string;
  headers: Headers;
  body: string;
}

export class Browser {
  readonly cookies = new Map<string, string>();
  readonly base: string;
  lang = 'en';
  /** Sent with every request (e.g. `x-forwarded-for` behind a test load balancer). */
  readonly headers: Record<string, string> = {};

  constructor(base: string) {
    this.base = base;
  }

  private store(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, url: string, form?: Record<string, string>): Promise<Page> {
    const absolute = new URL(url, this.base).toString();
    const headers: Record<string, string> = { ...this.headers, 'accept-language': this.lang };
    if (absolute.startsWith(this.base) && this.cookies.size) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    let body: string | undefined;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(absolute, { method, headers, body, redirect: 'manual' });
    if (absolute.startsWith(this.base)) this.store(res.headers);
    return { status: res.status, url: absolute, location: res.headers.get('location') ?? undefined, headers: res.headers, body: await res.text() };
  }

  get(url: string) {
    return this.request('GET', url);
  }

  post(url: string, form: Record<string, string>) {
    return this.request('POST', url, form);
  }

  /** Opens a page and follows its redirects to the end (as a browser would), returning the last page. */
  async open(url: string, max = 12): Promise<Page> {
    return (await this.follow(await this.get(url), max)).at(-1)!;
  }

  /** Follows redirects to the end, returning every hop. */
  async follow(first: Page, max = 10): Promise<Page[]> {
    const hops = [first];
    let page = first;
    while (page.location && hops.length <= max) {
      page = await this.get(new URL(page.location, page.url).toString());
      hops.push(page);
    }
    return hops;
  }
}

/** The value of a hidden input (or any input) named `name` on a page. */
export function field(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no field ${name} on the page`);
  return match[1].replace(/&amp;/g, '&');
}

/** The code shown on the error page (data-code), if the page is one. */
export function errorCode(html: string): string | undefined {
  return /data-code="([^"]+)"/.exec(html)?.[1];
}

export const decodeEntities = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
