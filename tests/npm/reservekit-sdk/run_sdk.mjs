// Drives every network method of the ReserveKit vendor's SDK (reservekitjs), unchanged, against
// a sandbox, and prints what each returned or threw as JSON on stdout.
//
//   node run_sdk.mjs HOST KEY SERVICE_ID DATE
//
// HOST is what the SDK's `host` option takes (it appends /v1/...). Every string in the results is
// also reported with whether JavaScript's Date parses it: the SDK's types declare some fields as
// Date, and that is what a JSON string must satisfy for them.
import { ReserveKit } from 'reservekitjs';

const [host, key, serviceId, date] = process.argv.slice(2);

async function failure(promise) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const client = await ReserveKit.create(key, Number(serviceId), { host });
const service = client.service;
const serviceFields = Object.fromEntries(
  ['id', 'name', 'description', 'version', 'provider_id', 'timezone', 'created_at', 'updated_at'].map(
    (name) => [name, service[name]],
  ),
);
const timeSlots = await service.getTimeSlots();
// The SDK's day_of_week is the vendor's (0 is Sunday), as getUTCDay counts.
const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
const slot = timeSlots.find((candidate) => candidate.day_of_week === weekday);
const payload = {
  customer_name: 'Ada Lovelace',
  customer_email: 'ada.sdk@example.com',
  customer_phone: '+442071838750',
  date,
  time_slot_id: slot ? slot.id : -1,
};
const booking = slot ? await service.createBooking(payload) : null;
const results = {
  service: serviceFields,
  timeSlots,
  booking,
  again: await failure(service.createBooking(payload)),
  unknownService: await failure(ReserveKit.create(key, 987654, { host })),
  badKey: await failure(ReserveKit.create('sk_rsv_x', Number(serviceId), { host })),
};

const dates = {};
(function walk(value) {
  if (typeof value === 'string') dates[value] = !Number.isNaN(Date.parse(value));
  else if (value && typeof value === 'object') Object.values(value).forEach(walk);
})(results);
process.stdout.write(JSON.stringify({ results, dates }));
