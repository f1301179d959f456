import { LabIcon } from '@jupyterlab/ui-components';
import dualLayoutSvg from '../../style/icons/dual-layout.svg';

export const dualLayoutIcon = new LabIcon({ name: 'jupyterlab-dual-layout:icon', svgstr: dualLayoutSvg });
