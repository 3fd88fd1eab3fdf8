import { useSession } from './lib/session.tsx';
import { Loading } from './components/States.tsx';
import { TopNav } from './components/TopNav.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { Routes } from './Routes.tsx';
import { CodesProvider } from './lib/codes.tsx';

export function App() {
  const { checking, admin } = useSession();
  if (checking) return <Loading />;
  if (!admin) return <SignInPage />;
  return (
    <CodesProvider fallback={<Loading />}>
      <TopNav />
      <main id="content">
        <Routes />
      </main>
    </CodesProvider>
  );
}
