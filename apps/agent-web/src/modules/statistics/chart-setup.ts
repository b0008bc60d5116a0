import { BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

/**
 * The only module that imports Chart.js. StatisticsChart loads it with a dynamic import, so the library
 * becomes a chunk of its own fetched when a chart is first drawn, never part of the console's first load.
 * Only the pieces a bar-and-line chart uses are registered, which keeps that chunk small too.
 */
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface DrawnChart {
  update(config: ChartConfiguration<'bar' | 'line'>): void;
  destroy(): void;
}

export function drawChart(canvas: HTMLCanvasElement, config: ChartConfiguration<'bar' | 'line'>): DrawnChart {
  const chart = new Chart(canvas, config as ChartConfiguration);
  return {
    update(next) {
      chart.data = next.data as ChartConfiguration['data'];
      chart.options = (next.options ?? {}) as NonNullable<ChartConfiguration['options']>;
      chart.update();
    },
    destroy: () => chart.destroy(),
  };
}
