export { endOf, twilioError } from './line/errors';
export { type TwilioDeviceOptions, TwilioLine, type TwilioLineOptions, twilio } from './line/TwilioLine';
