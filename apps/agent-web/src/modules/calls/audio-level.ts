/** How often the speaking indicators are refreshed: often enough to follow speech, rarely enough to cost nothing. */
const LEVEL_INTERVAL_MS = 150;

let shared: AudioContext | null = null;

/** One AudioContext for every meter; resumed here since it may have been made before the page was clicked. */
function audioContext(): AudioContext {
  shared ??= new AudioContext();
  if (shared.state === 'suspended') void shared.resume().catch(() => undefined);
  return shared;
}

/**
 * Follows how loud a stream is (0 to 1, the RMS of its samples) through a Web Audio AnalyserNode, and calls
 * `onLevel` a few times a second; the answer stops it. Nothing is played: the analyser is a dead end.
 */
export function watchAudioLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  if (stream.getAudioTracks().length === 0) return () => undefined;
  let source: MediaStreamAudioSourceNode;
  let analyser: AnalyserNode;
  try {
    const context = audioContext();
    source = context.createMediaStreamSource(stream);
    analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
  } catch {
    return () => undefined;
  }
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
  }, LEVEL_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    source.disconnect();
  };
}

/** Above this level someone counts as speaking (background noise of a quiet room stays below it). */
export const SPEAKING_LEVEL = 0.04;
