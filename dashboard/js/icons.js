// A small stroke icon set (24×24, drawn for this page). Icons are decoration next to a text label, so they are
// hidden from assistive technology; status and severity are always spelled out in text too.
import { s } from './dom.js';

const PATHS = {
  check: ['M8 12.5l2.8 2.8L16.5 9.5'],
  'check-circle': ['circle:12,12,9', 'M8 12.5l2.8 2.8L16.5 9.5'],
  'x-circle': ['circle:12,12,9', 'M9 9l6 6', 'M15 9l-6 6'],
  'alert-triangle': ['M12 3.5L21.5 20h-19z', 'M12 10v4.5', 'M12 17.2v.1'],
  'alert-octagon': ['M8.3 3h7.4L21 8.3v7.4L15.7 21H8.3L3 15.7V8.3z', 'M12 7.5v5.5', 'M12 16.2v.1'],
  'arrow-down-circle': ['circle:12,12,9', 'M12 7.5v9', 'M8 12.5l4 4 4-4'],
  clock: ['circle:12,12,9', 'M12 7v5l3 2'],
  info: ['circle:12,12,9', 'M12 11v5.5', 'M12 7.8v.1'],
  key: ['circle:8,15,4', 'M10.9 12.1L20 3', 'M16 7l3 3', 'M14 9l2 2'],
  refresh: ['M20 11a8 8 0 0 0-14.5-4.5L4 8', 'M4 3.5V8h4.5', 'M4 13a8 8 0 0 0 14.5 4.5L20 16', 'M20 20.5V16h-4.5'],
  plus: ['M12 5v14', 'M5 12h14'],
  trash: ['M4 7h16', 'M9 7V4.5h6V7', 'M6.5 7l1 13h9l1-13', 'M10 11v5.5', 'M14 11v5.5'],
  edit: ['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4'],
  bell: ['M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z', 'M10 20.5a2 2 0 0 0 4 0'],
  send: ['M21 3L10 14', 'M21 3l-6.5 18-4.5-7-7-4.5z'],
  search: ['circle:10.5,10.5,6.5', 'M15.5 15.5L20 20'],
  lock: ['M6 11h12v9H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  'volume-x': ['M4 9.5h3.5L12 5.5v13l-4.5-4H4z', 'M16 9.5l5 5', 'M21 9.5l-5 5'],
  undo: ['M9 14L4 9l5-5', 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11'],
  'external-link': ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v6H4V6h6'],
  shield: ['M12 3l8 3v6c0 4.5-3.3 8-8 9-4.7-1-8-4.5-8-9V6z'],
  activity: ['M3 12h4l3-8 4 16 3-8h4'],
  logo: [
    'M12 2.8l8 3.2v6c0 4.7-3.4 8.3-8 9.2-4.6-.9-8-4.5-8-9.2V6z',
    'circle:10,11.5,2.6',
    'M12.1 13.4l3.4 3.4',
    'M14.2 15.5l1.3-1.3',
  ],
};

export function icon(name, className = 'icon') {
  const svg = s('svg', {
    class: className,
    viewBox: '0 0 24 24',
    width: 16,
    height: 16,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': 2,
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  for (const d of PATHS[name] ?? []) {
    if (d.startsWith('circle:')) {
      const [cx, cy, r] = d.slice('circle:'.length).split(',');
      svg.append(s('circle', { cx, cy, r }));
    } else {
      svg.append(s('path', { d }));
    }
  }
  return svg;
}
