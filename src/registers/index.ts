// The registers capability's door (last in the capability order: it reads the others, nobody reads it).
export { registerRoutes, type RegisterRouteDeps } from './routes.js';
export { maskChangesFromJournal, readRegister, REGISTER_IDS, type MaskChangeRecord, type Register, type RegisterId, type RegisterSources } from './registers.js';
