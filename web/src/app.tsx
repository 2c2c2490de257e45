// The console's routes: login, then the signed-in shell with cameras, mosaic and playback.
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { CamerasAdminPage } from './admin/cameras-admin-page.js';
import { ImportPage } from './admin/import-page.js';
import { TerritoryPage } from './admin/territory-page.js';
import { UsersPage } from './admin/users-page.js';
import { LoginPage } from './auth/login-page.js';
import { PasswordPage } from './auth/password-page.js';
import { SecondFactorPage } from './auth/second-factor-page.js';
import { SessionProvider } from './auth/session.js';
import { CamerasPage } from './cameras/cameras-page.js';
import { JournalPage } from './journal/journal-page.js';
import { LivePage } from './live/live-page.js';
import { PlaybackPage } from './playback/playback-page.js';
import { RegistersPage } from './registers/registers-page.js';
import { ReportsPage } from './reports/reports-page.js';
import { HealthPage } from './health/health-page.js';
import { DestructionsPage } from './retention/destructions-page.js';
import { ExportsPage } from './retention/exports-page.js';
import { HoldsPage } from './retention/holds-page.js';
import { StoragePage } from './retention/storage-page.js';
import { SignedInLayout } from './shell/layout.js';
import { WatchPage } from './watch/watch-page.js';
import { RequisitionsPage } from './investigations/requisitions-page.js';
import { AccessRequestsPage } from './investigations/access-requests-page.js';
import { SearchPage } from './investigations/search-page.js';
import { TrajectoryPage } from './investigations/trajectory-page.js';
import { ViewingRoomPage } from './investigations/viewing-room-page.js';
import { TopologyPage } from './investigations/trajectory-topology.js';
import { WallControlPage } from './wall/wall-control-page.js';
import { WallMonitorPage } from './wall/wall-page.js';
import { AlertsPage } from './alerts/alerts-page.js';
import { AnalyticsPage } from './analytics/analytics-page.js';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/connexion" element={<LoginPage />} />
          <Route path="/mon-compte/mot-de-passe" element={<PasswordPage />} />
          <Route path="/mon-compte/double-authentification" element={<SecondFactorPage />} />
          <Route path="/wall/:monitor" element={<WallMonitorPage />} />
          <Route element={<SignedInLayout />}>
            <Route path="/cameras" element={<CamerasPage />} />
            <Route path="/mosaique" element={<LivePage />} />
            <Route path="/relecture" element={<PlaybackPage />} />
            <Route path="/demandes" element={<WatchPage />} />
            <Route path="/alertes" element={<AlertsPage />} />
            <Route path="/analyse" element={<AnalyticsPage />} />
            <Route path="/requisitions" element={<RequisitionsPage />} />
            <Route path="/demandes-acces" element={<AccessRequestsPage />} />
            <Route path="/recherche" element={<SearchPage />} />
            <Route path="/requisitions/:id/trajectoire" element={<TrajectoryPage />} />
            <Route path="/requisitions/:id/visionnage" element={<ViewingRoomPage />} />
            <Route path="/topologie" element={<TopologyPage />} />
            <Route path="/mur" element={<WallControlPage />} />
            <Route path="/journal" element={<JournalPage />} />
            <Route path="/registres" element={<RegistersPage />} />
            <Route path="/conservation" element={<HoldsPage />} />
            <Route path="/exports" element={<ExportsPage />} />
            <Route path="/destructions" element={<DestructionsPage />} />
            <Route path="/stockage" element={<StoragePage />} />
            <Route path="/rapports" element={<ReportsPage />} />
            <Route path="/sante" element={<HealthPage />} />
            <Route path="/admin/comptes" element={<UsersPage />} />
            <Route path="/admin/cameras" element={<CamerasAdminPage />} />
            <Route path="/admin/cameras/import" element={<ImportPage />} />
            <Route path="/admin/cameras/territoire" element={<TerritoryPage />} />
          </Route>
          <Route path="*" element={<Navigate to="/cameras" replace />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
