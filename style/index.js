import './base.css';
import './verdict.css';
import './partitions.css';
import './guard.css';
import './repair.css';
import './filter.css';
import './columns.css';
