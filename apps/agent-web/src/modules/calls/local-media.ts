/** The agent's microphone and the audio devices the browser offers (labels appear once the microphone is allowed). */
export interface AudioDevice {
  deviceId: string;
  label: string;
}

export interface AudioDevices {
  microphones: AudioDevice[];
  speakers: AudioDevice[];
}

/** Voice settings the browser applies to the microphone: calls are speech, so echo and noise are cancelled. */
const VOICE: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export async function openMicrophone(deviceId: string | null = null): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ audio: deviceId ? { ...VOICE, deviceId: { exact: deviceId } } : VOICE, video: false });
}

export async function listAudioDevices(): Promise<AudioDevices> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind && d.deviceId !== '').map((d) => ({ deviceId: d.deviceId, label: d.label }));
  return { microphones: pick('audioinput'), speakers: pick('audiooutput') };
}

/** Whether the browser can send a media element's sound to a chosen output device (Chromium can, others may not). */
export const canChooseSpeaker = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
