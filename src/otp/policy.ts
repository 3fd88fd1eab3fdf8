/** Verification-code rules, as named constants with the rule they follow. */

/** 6 digits ≈ 20 bits, the minimum of ASVS 5.0 §6.5.4, drawn from the CSPRNG (§6.5.3). */
export const OTP_DIGITS = 6;
/** 5 minutes: under ASVS §6.5.5's 10-minute ceiling for out-of-band codes. */
export const OTP_TTL_MS = 5 * 60 * 1000;
/** Wrong guesses allowed per code before it is burnt (ASVS §6.6.3: limit brute force). */
export const OTP_MAX_ATTEMPTS = 5;
/** One code per phone per minute, ten per hour: bounds SMS cost and pumping. */
export const OTP_RESEND_INTERVAL_MS = 60 * 1000;
export const OTP_MAX_SENDS_PER_PHONE_PER_HOUR = 10;
/** Per client IP across all phones, so one address cannot spray codes at many numbers. */
export const OTP_MAX_SENDS_PER_IP_PER_HOUR = 30;
export const HOUR_MS = 60 * 60 * 1000;
