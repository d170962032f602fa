import 'reflect-metadata';
import { runSubgraph } from '@hkp/subgraph-kit';
import { financeSubgraph } from '@hkp/finance';

void runSubgraph(financeSubgraph);
