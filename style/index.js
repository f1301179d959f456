import './base.css';
import './verdict.css';
import './partitions.css';
import './guard.css';
import './filter.css';
