import { describeProviderConformance } from '../../test/unit/provider-conformance';
import { nodeProvider } from './node-provider';

describeProviderConformance(nodeProvider);
