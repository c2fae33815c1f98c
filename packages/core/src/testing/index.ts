export { type CapabilitiesData, type ContractCommand, type ContractPhone, contractPhone, remoteContractPhone } from './contractPhone';
export { type DescribeLineOptions, describeLine, type LinePair, phonePair, type TestApi } from './describeLine';
export { ReferenceExchange, ReferenceLine, type ReferenceLineOptions, referenceLine } from './ReferenceLine';
export * from './ScriptedLine';
export * from './standIn';
