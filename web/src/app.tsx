// The console's routes: login, then the signed-in shell with cameras, mosaic and playback.
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { LoginPage } from './auth/login-page.js';
import { SessionProvider } from './auth/session.js';
import { CamerasPage } from './cameras/cameras-page.js';
import { LivePage } from './live/live-page.js';
import { PlaybackPage } from './playback/playback-page.js';
import { SignedInLayout } from './shell/layout.js';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/connexion" element={<LoginPage />} />
          <Route element={<SignedInLayout />}>
            <Route path="/cameras" element={<CamerasPage />} />
            <Route path="/mosaique" element={<LivePage />} />
            <Route path="/relecture" element={<PlaybackPage />} />
          </Route>
          <Route path="*" element={<Navigate to="/cameras" replace />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
