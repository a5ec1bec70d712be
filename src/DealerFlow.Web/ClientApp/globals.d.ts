// The page loads ECharts as a classic script (lib/echarts.min.js) before its modules: a global for the type check.
declare const echarts: { init(element: HTMLElement, theme?: string | null, options?: object): any };
