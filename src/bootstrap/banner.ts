/** What `npm start` prints once it serves: where everything is, and the first admin's password, once. */
import type { Config } from '../config.ts';
import { issuerOf } from '../protocols/oidc/endpoints.ts';

export interface BannerFacts {
  /** Demo mode's helpers, when they run. */
  demo?: { simulatorUrl: string; demoAppUrl?: string; casClientUrl?: string; password: string; seeded: boolean; notOnWorkbench: string[] };
  masterKeyGenerated: boolean;
  firstAdmin?: { admin: { username: string }; password?: string };
  /** Worker processes serving the port, when more than one (PORTICO_WORKERS). */
  workers?: number;
}

export function startupBanner(config: Config, facts: BannerFacts): string {
  const issuer = issuerOf(config.publicUrl);
  const lines = [
    '',
    `Portico is running at ${config.publicUrl}`,
    `  Console (Enterprise Center): ${config.publicUrl}/console`,
    `  User Center (sign in here): ${config.publicUrl}/account`,
    `  OpenID Connect issuer: ${issuer} (discovery: ${issuer}/.well-known/openid-configuration)`,
    `  Enterprise Center API: ${config.publicUrl}/api/admin/v1 (OpenAPI: ${config.publicUrl}/api/admin/v1/openapi.json)`,
    `  Data: ${config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl.slice(7) : 'PostgreSQL'}`,
  ];
  if (facts.workers) lines.push(`  Worker processes: ${facts.workers} on one port (PORTICO_WORKERS; GET /metrics sums them)`);
  const demo = facts.demo;
  if (demo) {
    lines.push(
      `  Demo app (signs in with Portico): ${demo.demoAppUrl ?? config.demoAppPublicUrl}`,
      `  Demo CAS client, Campus Portal (signs in with Portico's CAS server): ${demo.casClientUrl ?? config.demoCasPublicUrl}`,
      `  DingTalk simulator: ${demo.simulatorUrl} (its phone page is what the QR codes open)`,
      `  DingTalk workbench (sign in inside DingTalk): ${demo.simulatorUrl}/workbench — pick who is signed in to DingTalk, tap the User Center or the demo app`,
      `  Demo users: zhangsan, lisi, zhaoliu (password ${demo.password}); SMS codes appear at ${config.publicUrl}/dev/sms`,
    );
    if (demo.notOnWorkbench.length) lines.push(`  Could not put ${demo.notOnWorkbench.join(', ')} on the simulator's workbench.`);
    if (demo.seeded) lines.push('  Demo organisation, users and the DingTalk source were created.');
  }
  if (facts.masterKeyGenerated) lines.push(`  A new master key was written to ${config.dataDir}/master.key: back it up with the data.`);
  if (facts.firstAdmin) {
    lines.push('', '  First super admin created:', `    username: ${facts.firstAdmin.admin.username}`);
    lines.push(
      facts.firstAdmin.password
        ? `    password: ${facts.firstAdmin.password}   (shown this once; change it after signing in)`
        : '    password: the value of PORTICO_ADMIN_PASSWORD',
    );
  }
  return lines.join('\n') + '\n';
}
