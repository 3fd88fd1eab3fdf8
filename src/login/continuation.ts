/**
 * Where a sign-in that started at Portico goes once the person is signed in, when nothing asked for a
 * `return_to`: a DingTalk workbench tile opens an external source's start route for an application
 * (src/login/routes/external.ts), and the person expects to land in that application, not in the User
 * Center. The User Center's continuation is its own page; every other application's is
 * /login/continue (./routes/continue.ts), which hands over to the application.
 */
import { DEFAULT_RETURN_TO } from './return-to.ts';
import { USER_CENTER_APP_ID } from '../store/well-known.ts';

export const CONTINUE_PATH = '/login/continue';

export const continuationOf = (applicationId: string) =>
  applicationId === USER_CENTER_APP_ID ? DEFAULT_RETURN_TO : `${CONTINUE_PATH}?${new URLSearchParams({ app: applicationId })}`;
