export { projection } from './projection.js';
export { readModels } from './read-model.js';
