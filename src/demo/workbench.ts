/**
 * Demo mode puts the User Center and the demo app on the simulator's DingTalk workbench
 * (`<simulator>/workbench`), as an administrator would register them as micro-apps in the DingTalk
 * developer backend: each with its workbench homepage address, the demo DingTalk source's entry address
 * for the application (src/applications/entry-addresses.ts). Tapping a tile there signs the person
 * "signed in to DingTalk" in with nothing to type. Done on every start: the simulator keeps its
 * workbench in memory.
 */
import type { AppContext } from '../context.ts';
import { entryUrl } from '../applications/entry-addresses.ts';
import { DEMO_SOURCE_ID } from './seed.ts';

/** Registers each application's tile through the simulator's test API, as any client would; the names of those that could not be. */
export async function registerDemoWorkbench(ctx: AppContext, simulatorUrl: string, applicationIds: string[]): Promise<string[]> {
  const rows = await ctx.store.db.selectFrom('applications').select(['id', 'name']).where('id', 'in', applicationIds).execute();
  const failed: string[] = [];
  // In the order given: the tiles' order on the workbench.
  for (const app of applicationIds.flatMap((id) => rows.filter((r) => r.id === id))) {
    const homepage = entryUrl(ctx.config.publicUrl, 'dingtalk', DEMO_SOURCE_ID, app.id);
    const res = await fetch(`${simulatorUrl}/test/workbench/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: app.name, homepage, pcHomepage: homepage }),
    }).catch(() => undefined);
    if (res?.status !== 201) failed.push(app.name);
  }
  return failed;
}
