import { generateEstate } from './src/sim/estate/generate';
import { run } from './src/sim/kql';
