export { projection, STREAM_INDEX, type StreamIndexDoc } from './projection.js';
