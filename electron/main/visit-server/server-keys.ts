/** A visit's room key on the server: `<device id>/<visit id>`, so links and rooms are scoped to the console that made them. */
export const ROOM_KEY_SEPARATOR = '/';
export const roomKey = (deviceId: string, visitId: string) => `${deviceId}${ROOM_KEY_SEPARATOR}${visitId}`;
export function splitRoomKey(key: string): { owner: string; visitId: string } {
  const i = key.indexOf(ROOM_KEY_SEPARATOR);
  return i < 0 ? { owner: '', visitId: key } : { owner: key.slice(0, i), visitId: key.slice(i + 1) };
}
