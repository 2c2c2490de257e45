// The workspace capability's door: per-person console preferences (favourite cameras) and the map's data.
export { createWorkspace, type Workspace, type WorkspaceDeps, type CommuneFeature, type MapSettings } from './workspace.js';
export { workspaceRoutes } from './routes.js';
export { FavouriteStore } from './favourite-store.js';
